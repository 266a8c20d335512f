#!/usr/bin/env bash
# Installs public reference MCP servers from npm into target/ and records their tools/list output in
# src/main/resources/reference-mcp-tools.json, the calibration for the generated tools' size.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/reference-servers
npm install --silent --no-audit --no-fund --prefix target/reference-servers \
  @modelcontextprotocol/server-filesystem @modelcontextprotocol/server-memory \
  @modelcontextprotocol/server-everything @modelcontextprotocol/server-sequential-thinking
node scripts/record-tools.mjs reference
