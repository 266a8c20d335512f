/**
 * Micrometer Observation contexts and conventions of Code Mode: {@code codemode.execution},
 * {@code codemode.meta_tool} and {@code codemode.tool.call} (docs/observability.md). Used only when an
 * {@code ObservationRegistry} is given to {@code CodeMode.builder().observationRegistry(...)}; without
 * one, nothing in this package is loaded. To change names or key values, register a
 * {@code GlobalObservationConvention} for {@link dev.codemode.observation.MetaToolContext} or
 * {@link dev.codemode.observation.ToolCallContext} on the registry (extending the defaults here).
 */
@NullMarked
package dev.codemode.observation;

import org.jspecify.annotations.NullMarked;
