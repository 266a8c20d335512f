#!/usr/bin/env bash
# Installs MCP servers of real products from npm into target/ and records their tools/list output in
# src/main/resources/production-mcp-tools.json: tool definitions at the size production servers send.
# Only servers that answer tools/list without an account are in the set (placeholder tokens where a
# server checks for one at start-up); nothing is sent to any service.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/production-servers
npm install --silent --no-audit --no-fund --prefix target/production-servers \
  @playwright/mcp @notionhq/notion-mcp-server @modelcontextprotocol/server-github \
  @modelcontextprotocol/server-slack
node scripts/record-tools.mjs production
