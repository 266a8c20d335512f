package dev.codemode.spring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.codemode.CodeMode;
import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillLibrary;
import dev.codemode.skill.SkillStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Actuator endpoint {@code codemodeskills}: {@code GET} lists the latest version of every skill of every
 * scope; {@code GET /{name}} shows the latest version of one (source included) and its versions;
 * {@code DELETE /{name}} deletes every version of it. A scope is shown as {@code shared}, {@code anonymous}
 * or the owning virtual key masked ({@code sup***}), like the approvals endpoint shows callers; when a
 * name exists in several scopes, {@code ?scope=} picks one: {@code shared}, the key, or its masked form
 * when that is unambiguous.
 */
@Endpoint(id = "codemodeskills")
public class CodeModeSkillsEndpoint {

    /** How the scope shared by every caller is shown and named. */
    static final String SHARED = "shared";

    private final CodeMode codeMode;

    public CodeModeSkillsEndpoint(CodeMode codeMode) {
        this.codeMode = codeMode;
    }

    /** A skill as listed: no source. {@code scope} and {@code author} masked when they are keys. */
    public record Entry(String name, String scope, int version, String signature, String description,
            List<String> tools, String author, Instant created) {

        static Entry of(Skill s) {
            return new Entry(s.name(), shown(s.scope()), s.version(), s.signature(), s.description(), s.tools(),
                    shown(s.author()), s.created());
        }
    }

    /** One version in the list of a skill's versions. */
    public record Version(int version, String author, Instant created, List<String> tools) {
    }

    /** The latest version of a skill with its source, and every version, oldest first. */
    public record Detail(Entry latest, String source, List<Version> versions) {
    }

    /** An answer that is not a skill: {@code not_found}, {@code ambiguous} or {@code deleted}, and why. */
    public record Outcome(String outcome, String message, @Nullable List<String> scopes) {
    }

    @ReadOperation
    public List<Entry> skills() {
        return library().map(l -> l.listAll().stream().map(Entry::of).toList()).orElse(List.of());
    }

    @ReadOperation
    public WebEndpointResponse<Object> skill(@Selector String name, @Nullable String scope) {
        Resolved resolved = resolve(name, scope);
        if (resolved.failure() != null) {
            return resolved.failure();
        }
        SkillLibrary library = library().orElseThrow();
        Skill latest = library.show(resolved.scope(), name).orElseThrow();
        List<Version> versions = library.versions(resolved.scope(), name).stream()
                .map(v -> new Version(v.version(), shown(v.author()), v.created(), v.tools())).toList();
        return new WebEndpointResponse<>(new Detail(Entry.of(latest), latest.source(), versions));
    }

    @DeleteOperation
    public WebEndpointResponse<Object> delete(@Selector String name, @Nullable String scope) {
        Resolved resolved = resolve(name, scope);
        if (resolved.failure() != null) {
            return resolved.failure();
        }
        boolean deleted = library().orElseThrow().delete(resolved.scope(), name);
        return deleted
                ? new WebEndpointResponse<>(new Outcome("deleted", "deleted every version of " + name + " in scope "
                        + shown(resolved.scope()), null))
                : notFound(name, scope);
    }

    private Optional<SkillLibrary> library() {
        return codeMode.skills();
    }

    private record Resolved(String scope, @Nullable WebEndpointResponse<Object> failure) {
    }

    /** The one scope {@code name} is meant in, or the answer that says why there is none. */
    private Resolved resolve(String name, @Nullable String scope) {
        List<String> scopes = library().map(l -> l.listAll().stream().filter(s -> s.name().equals(name))
                .map(Skill::scope).toList()).orElse(List.of());
        List<String> matching = scope == null || scope.isBlank() ? scopes
                : scopes.stream().filter(s -> s.equals(scope) || shown(s).equals(scope.strip())).toList();
        if (matching.size() == 1) {
            return new Resolved(matching.get(0), null);
        }
        if (matching.isEmpty()) {
            return new Resolved("", notFound(name, scope));
        }
        List<String> shownScopes = matching.stream().map(CodeModeSkillsEndpoint::shown).toList();
        return new Resolved("", new WebEndpointResponse<>(new Outcome("ambiguous", name + " exists in "
                + matching.size() + " scopes: add ?scope= with one of them (shared, or the virtual key)", shownScopes),
                409));
    }

    private static WebEndpointResponse<Object> notFound(String name, @Nullable String scope) {
        return new WebEndpointResponse<>(new Outcome("not_found", "no skill " + name
                + (scope == null || scope.isBlank() ? "" : " in scope " + (scope.strip().equals(SHARED) ? SHARED
                        : shown(scope.strip()))) + "; GET /actuator/codemodeskills"
                + " lists them", null), WebEndpointResponse.STATUS_NOT_FOUND);
    }

    /** {@code shared}, {@code anonymous}, {@code application}, or a virtual key masked. */
    static String shown(String scopeOrAuthor) {
        if (scopeOrAuthor.equals(SkillStore.SHARED)) {
            return SHARED;
        }
        if (scopeOrAuthor.equals(SkillLibrary.ANONYMOUS) || scopeOrAuthor.equals(SkillLibrary.APPLICATION)) {
            return scopeOrAuthor;
        }
        return InvalidCodeModeSettingsException.mask(scopeOrAuthor);
    }
}
