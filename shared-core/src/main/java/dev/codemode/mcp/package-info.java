/**
 * MCP servers as tool sources, through the MCP Java SDK: {@link dev.codemode.mcp.McpToolSource}. And
 * {@link dev.codemode.mcp.StdioServer}, which runs an SDK server over stdio the way a client expects
 * (the demo and test servers use it). Nothing else is public.
 */
@NullMarked
package dev.codemode.mcp;

import org.jspecify.annotations.NullMarked;
