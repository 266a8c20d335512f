/**
 * Code Mode for LangChain4j: {@link dev.codemode.langchain4j.CodeModeToolProvider} gives an AI service
 * the four meta-tools; {@link dev.codemode.langchain4j.McpClientToolSource} and
 * {@link dev.codemode.langchain4j.AnnotatedToolSource} turn LangChain4j MCP clients and {@code @Tool}
 * objects into core tool sources.
 */
@NullMarked
package dev.codemode.langchain4j;

import org.jspecify.annotations.NullMarked;
