// Records the tools/list answer of public reference MCP servers (npm) as the calibration resource
// src/main/resources/reference-mcp-tools.json. Run from samples/benchmark: scripts/record-reference-tools.sh
import { spawn } from "node:child_process";
import { writeFileSync, readFileSync } from "node:fs";

const root = "target/reference-servers";
const servers = [
  ["@modelcontextprotocol/server-filesystem", ["dist/index.js", "/tmp"]],
  ["@modelcontextprotocol/server-memory", ["dist/index.js"]],
  ["@modelcontextprotocol/server-everything", ["dist/index.js", "stdio"]],
  ["@modelcontextprotocol/server-sequential-thinking", ["dist/index.js"]],
];

function toolsOf(pkg, args) {
  return new Promise((resolve, reject) => {
    const dir = `${root}/node_modules/${pkg}`;
    const p = spawn("node", [`${dir}/${args[0]}`, ...args.slice(1)], { stdio: ["pipe", "pipe", "ignore"] });
    let buf = "";
    const timer = setTimeout(() => { p.kill(); reject(new Error(`${pkg}: no tools/list answer`)); }, 20000);
    p.stdout.on("data", (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
        let msg; try { msg = JSON.parse(line); } catch { continue; }
        if (msg.id === 1) {
          p.stdin.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n");
          p.stdin.write(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} }) + "\n");
        } else if (msg.id === 2) {
          clearTimeout(timer); p.kill(); resolve(msg.result.tools);
        }
      }
    });
    p.stdin.write(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {
      protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "codemode-benchmark", version: "1" } } }) + "\n");
  });
}

const out = { command: "samples/benchmark/scripts/record-reference-tools.sh", servers: [] };
for (const [pkg, args] of servers) {
  const version = JSON.parse(readFileSync(`${root}/node_modules/${pkg}/package.json`, "utf8")).version;
  const tools = await toolsOf(pkg, args);
  out.servers.push({ package: pkg, version, tools });
  console.error(`${pkg}@${version}: ${tools.length} tools`);
}
writeFileSync("src/main/resources/reference-mcp-tools.json", JSON.stringify(out, null, 1) + "\n");
