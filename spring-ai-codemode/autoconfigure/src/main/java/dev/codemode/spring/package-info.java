/**
 * Code Mode for Spring AI: {@link dev.codemode.spring.CodeModeAutoConfiguration} wraps the MCP clients
 * Spring AI created as tool sources, maps {@link dev.codemode.spring.CodeModeProperties} to the core's
 * builder in one place ({@link dev.codemode.spring.CodeModeBuilderCustomizer}s may add to it), and
 * offers the meta-tools as {@code ToolCallback}s.
 */
@NullMarked
package dev.codemode.spring;

import org.jspecify.annotations.NullMarked;
