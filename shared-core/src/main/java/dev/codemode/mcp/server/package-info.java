/**
 * Code Mode served over MCP: {@link dev.codemode.mcp.server.CodeModeMcpTools} puts a {@code CodeMode}'s
 * model-facing tools on an MCP Java SDK server (stdio or streamable HTTP), {@link dev.codemode.mcp.server.ElicitationApproval}
 * asks the calling client's user before a script that needs approval runs, and {@link dev.codemode.mcp.server.McpHttpGuard}
 * is the servlet filter in front of the HTTP endpoint (bearer tokens, session binding, clean error bodies).
 */
@NullMarked
package dev.codemode.mcp.server;

import org.jspecify.annotations.NullMarked;
