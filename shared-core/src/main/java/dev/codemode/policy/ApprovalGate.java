package dev.codemode.policy;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolInvoker;
import dev.codemode.catalog.ToolRefusedException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.starlark.java.syntax.StarlarkFile;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides whether tool calls may run: for a script (on its syntax tree, before it
 * runs) and for one tool offered directly. Tools the {@link ApprovalPolicy} auto-executes pass; for
 * anything else the {@link ApprovalHandler} is asked once, and a denial runs nothing. What was decided
 * is enforced again on every call ({@link #enforce}), however the script reached the tool.
 *
 * <p>Callers run it after the cheap checks (size, syntax, static limits, unknown names), so nobody
 * is asked to approve a script that could not run anyway.
 */
public final class ApprovalGate {

    private final ApprovalPolicy policy;
    private final ApprovalHandler handler;

    public ApprovalGate(@Nullable ApprovalPolicy policy, @Nullable ApprovalHandler handler) {
        this.policy = policy == null ? ApprovalPolicy.allowlist() : policy;
        this.handler = handler == null ? ApprovalHandler.deny() : handler;
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    /**
     * What was decided: the tools that may run, the decision as the audit log records it
     * ({@code auto}, {@code approved}, {@code denied}), and for a denial the message and the hint the
     * model is given.
     */
    public record Decision(Set<String> approvedTools, String label, @Nullable String denial, @Nullable String hint) {

        public Decision {
            approvedTools = Set.copyOf(approvedTools);
        }

        public boolean isDenied() {
            return denial != null;
        }
    }

    /** Decides a script whose syntax tree is {@code syntax}, for a caller who sees {@code view}. */
    public Decision script(String code, StarlarkFile syntax, CatalogView view, CallContext caller) {
        // Once per view and policy: the view is shared by its callers until the catalog changes.
        Set<String> auto = view.derived(List.of("auto-executed", policy), v -> Set.copyOf(
                v.tools().stream().filter(policy::isAutoExecuted).map(CatalogTool::id).toList()));
        ScriptTools found = ScriptAnalyzer.analyze(syntax, view);
        // An undetermined script can reach every tool of the view: it needs approval only when one of
        // those is not auto-executed.
        List<CatalogTool> reachable = found.isDetermined() ? List.copyOf(found.tools()) : view.tools();
        List<CatalogTool> needTools = reachable.stream().filter(t -> !auto.contains(t.id()))
                .sorted(java.util.Comparator.comparing(CatalogTool::id)).toList();
        List<String> need = needTools.stream().map(CatalogTool::id).toList();
        if (need.isEmpty()) {
            return new Decision(auto, "auto", null, null);
        }
        List<String> tools = found.isDetermined() ? found.tools().stream().map(CatalogTool::id).sorted().toList() : null;
        ApprovalDecision decision = ask(new ApprovalRequest(code, tools, found.isDetermined() ? need : List.of(),
                found.undetermined(), caller));
        if (!decision.approved()) {
            String reason = reason(decision);
            if (!found.isDetermined()) {
                return denied("approval denied" + reason + ": the tools this script calls cannot be determined ("
                        + found.undetermined().get(0) + ")", "call tools directly as server.tool(...), or pass"
                        + " server.tool straight to try_call or parallel, so they can be checked");
            }
            // Only this script's tools: what runs elsewhere is none of the model's business here.
            return denied("approval denied" + reason + ": " + listed(need)
                    + (need.size() == 1 ? " needs" : " need") + " approval", remedy(needTools, "script"));
        }
        Set<String> approved = new HashSet<>(auto);
        if (tools == null) {
            view.tools().forEach(t -> approved.add(t.id()));
        } else {
            approved.addAll(tools);
        }
        return new Decision(approved, "approved", null, null);
    }

    /** Decides one direct call of {@code tool}; {@code call} is how the handler is shown it. */
    public Decision tool(CatalogTool tool, String call, CallContext caller) {
        if (policy.isAutoExecuted(tool)) {
            return new Decision(Set.of(tool.id()), "auto", null, null);
        }
        ApprovalDecision decision = ask(new ApprovalRequest(call, List.of(tool.id()), List.of(tool.id()), List.of(),
                caller));
        if (!decision.approved()) {
            return denied("approval denied" + reason(decision) + ": " + tool.id() + " needs approval",
                    remedy(List.of(tool), "call"));
        }
        return new Decision(Set.of(tool.id()), "approved", null, null);
    }

    /** Refuses every call of a tool {@code decision} did not approve; the script stops there. */
    public static ToolInvoker enforce(Decision decision, ToolInvoker next) {
        Set<String> approved = decision.approvedTools();
        return (tool, args) -> {
            if (!approved.contains(tool.id())) {
                throw new ToolRefusedException(tool.id() + " is not approved for this script");
            }
            return next.invoke(tool, args);
        };
    }

    private ApprovalDecision ask(ApprovalRequest request) {
        try {
            ApprovalDecision decision = handler.decide(request);
            return decision == null ? ApprovalDecision.deny(null) : decision;
        } catch (RuntimeException e) {
            return ApprovalDecision.deny("the approval handler failed");
        }
    }

    /** At most this many tool names in a denial. */
    private static final int MAX_LISTED = 10;

    private static String listed(List<String> ids) {
        return ids.size() <= MAX_LISTED ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, MAX_LISTED)) + ", ... (" + ids.size() + " in all)";
    }

    /**
     * What the user can do about {@code need}, in one line the model can pass on: the three ways a
     * tool runs, the read-only hint only where the tool says it is read-only (and not destructive).
     */
    private static String remedy(List<CatalogTool> need, String what) {
        List<String> readOnlyServers = need.stream()
                .filter(t -> t.descriptor().annotations().isReadOnly() && !t.descriptor().annotations().isDestructive())
                .map(CatalogTool::serverId).distinct().sorted().limit(3).toList();
        return "nothing ran; the user can put " + (need.size() == 1 ? "it" : "them") + " on the auto-execute list"
                + (readOnlyServers.isEmpty() ? " or approve the " + what
                        : ", approve the " + what + ", or trust the read-only hints of " + String.join(", ", readOnlyServers));
    }

    private static Decision denied(String message, @Nullable String hint) {
        return new Decision(Set.of(), "denied", message, hint);
    }

    private static String reason(ApprovalDecision decision) {
        return decision.reason() == null ? "" : " (" + decision.reason() + ")";
    }
}
