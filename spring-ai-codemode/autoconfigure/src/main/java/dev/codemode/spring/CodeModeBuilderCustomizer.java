package dev.codemode.spring;

import dev.codemode.CodeMode;

/**
 * Configures the {@link CodeMode} the auto-configuration builds, the way Spring Boot's
 * {@code *BuilderCustomizer}s do: declare beans of this type, ordered with {@code @Order} or
 * {@code Ordered}. The {@code spring.ai.codemode.*} properties are applied first (order 0), so a
 * customizer without an order sees them and may override them:
 *
 * <pre>{@code
 * @Bean
 * CodeModeBuilderCustomizer limits() {
 *     return core -> core.limits(Limits.DEFAULTS.toBuilder().maxToolCalls(10).build());
 * }
 * }</pre>
 *
 * Every option of {@link CodeMode.Builder} is reachable here, so an option added to the core needs no
 * change in this module.
 */
@FunctionalInterface
public interface CodeModeBuilderCustomizer {

    void customize(CodeMode.Builder builder);
}
