package dev.codemode;

/**
 * How a caller's tools are offered to the model.
 *
 * <ul>
 *   <li>{@link #CODE_MODE}: the four meta-tools, plus any direct tools configured by pattern.</li>
 *   <li>{@link #DIRECT}: every tool of the caller's view as an ordinary tool, no meta-tools: what
 *       standard tool calling does, governed like scripts are.</li>
 *   <li>{@link #AUTO}: per caller view, {@code DIRECT} tools plus {@code executeToolCode} (for chaining)
 *       when the view's full tool definitions cost fewer tokens than a threshold; {@code CODE_MODE}
 *       otherwise. Small catalogs do not pay for stubs and extra round trips; large ones keep the
 *       meta-tools.</li>
 * </ul>
 */
public enum Exposure {
    CODE_MODE,
    DIRECT,
    AUTO
}
