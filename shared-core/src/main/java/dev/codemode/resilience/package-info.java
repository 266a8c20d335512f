/**
 * Resilience around every upstream tool call, with Resilience4j and no framework:
 * {@link dev.codemode.resilience.Resilience} decorates a {@link dev.codemode.catalog.ToolInvoker} with a
 * retry (idempotent and read-only tools only), a circuit breaker per server or per tool, a time limit
 * and a bulkhead per server, and reports breaker states as {@link dev.codemode.resilience.BreakerState}s.
 * The registries are injectable, so an application's configured ones apply.
 */
@NullMarked
package dev.codemode.resilience;

import org.jspecify.annotations.NullMarked;
