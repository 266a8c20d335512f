package dev.codemode;

import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, per caller view, which tools the model is offered: the meta-tools, direct tools, or both
 * (see {@link Exposure}). Direct tools are named {@code server__tool}, a name every chat API accepts,
 * and keep their own description and input schema. A view's decision is kept with the view.
 */
final class ToolExposure {

    /** Default {@link Exposure#AUTO} threshold: full definitions below this many tokens are offered directly. */
    static final int DEFAULT_AUTO_THRESHOLD_TOKENS = 1_500;


    private final Exposure mode;
    private final List<ToolPattern> directTools;
    private final int autoThresholdTokens;
    private final List<MetaToolSpec> metaTools;


    ToolExposure(Exposure mode, List<String> directToolPatterns, int autoThresholdTokens,
            List<MetaToolSpec> metaTools) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.directTools = ToolPattern.parseAll(directToolPatterns == null ? List.of() : directToolPatterns);
        if (autoThresholdTokens < 0) {
            throw new IllegalArgumentException("autoThresholdTokens must not be negative: " + autoThresholdTokens);
        }
        this.autoThresholdTokens = autoThresholdTokens;
        this.metaTools = List.copyOf(metaTools);
    }

    Exposure mode() {
        return mode;
    }

    /** The name a tool is offered under when offered directly: {@code crm__lookup_customer}. */
    static String directName(CatalogTool tool) {
        return tool.serverId() + "__" + tool.toolId();
    }

    /** The spec of a tool offered directly: its own description and input schema. */
    static MetaToolSpec directSpec(CatalogTool tool) {
        String description = tool.descriptor().description();
        return new MetaToolSpec(directName(tool), description == null || description.isBlank()
                ? tool.id() : description, tool.descriptor().inputSchema());
    }

    /**
     * What the caller with {@code view} is offered: decided once per view (a view belongs to one
     * catalog version and one caller set, and is shared by its callers).
     */
    CodeMode.Offer offer(CatalogView view) {
        return view.derived(this, this::decide);
    }

    private CodeMode.Offer decide(CatalogView view) {
        List<CatalogTool> all = view.tools();
        // Only AUTO decides by size; the other modes need no count.
        int tokens = mode == Exposure.AUTO ? MetaToolSpec.definitionTokens(all.stream().map(ToolExposure::directSpec).toList()) : 0;
        Exposure decided = mode != Exposure.AUTO ? mode
                : tokens < autoThresholdTokens ? Exposure.DIRECT : Exposure.CODE_MODE;
        List<CatalogTool> direct = decided == Exposure.DIRECT ? all
                : all.stream().filter(t -> ToolPattern.anyMatches(directTools, t)).toList();
        List<MetaToolSpec> specs = new ArrayList<>();
        if (decided == Exposure.CODE_MODE) {
            specs.addAll(metaTools);
        } else if (mode == Exposure.AUTO) {
            metaTools.stream().filter(s -> s.name().equals(CodeMode.EXECUTE_TOOL_CODE)).forEach(specs::add);
        }
        Map<String, CatalogTool> byName = new LinkedHashMap<>();
        for (CatalogTool t : direct) {
            byName.put(directName(t), t);
            specs.add(directSpec(t));
        }
        return new CodeMode.Offer(decided, List.copyOf(specs),
                Map.copyOf(byName), tokens);
    }
}
