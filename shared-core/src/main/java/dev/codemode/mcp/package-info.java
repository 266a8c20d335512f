/**
 * MCP servers as tool sources, through the MCP Java SDK. {@link dev.codemode.mcp.McpToolSource} is the
 * only public type.
 */
package dev.codemode.mcp;
