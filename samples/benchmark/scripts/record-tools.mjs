// Records the tools/list answer of MCP servers published on npm, installed into target/ by the shell
// script of the same set. Run from samples/benchmark:
//   scripts/record-reference-tools.sh    -> src/main/resources/reference-mcp-tools.json (calibration)
//   scripts/record-production-tools.sh   -> src/main/resources/production-mcp-tools.json (production-size tools)
// Servers are started with placeholder credentials where they require some at start-up; only
// tools/list is called, so nothing is sent to any service.
import { spawn } from "node:child_process";
import { writeFileSync, readFileSync } from "node:fs";

const sets = {
  reference: {
    root: "target/reference-servers",
    out: "src/main/resources/reference-mcp-tools.json",
    command: "samples/benchmark/scripts/record-reference-tools.sh",
    servers: [
      ["@modelcontextprotocol/server-filesystem", ["dist/index.js", "/tmp"]],
      ["@modelcontextprotocol/server-memory", ["dist/index.js"]],
      ["@modelcontextprotocol/server-everything", ["dist/index.js", "stdio"]],
      ["@modelcontextprotocol/server-sequential-thinking", ["dist/index.js"]],
    ],
  },
  production: {
    root: "target/production-servers",
    out: "src/main/resources/production-mcp-tools.json",
    command: "samples/benchmark/scripts/record-production-tools.sh",
    servers: [
      ["@playwright/mcp", ["cli.js"]],
      ["@notionhq/notion-mcp-server", ["bin/cli.mjs"]],
      ["@modelcontextprotocol/server-github", ["dist/index.js"]],
      ["@modelcontextprotocol/server-slack", ["dist/index.js"], { SLACK_BOT_TOKEN: "xoxb-placeholder", SLACK_TEAM_ID: "T0" }],
    ],
  },
};

const set = sets[process.argv[2]];
if (!set) {
  console.error(`usage: node scripts/record-tools.mjs ${Object.keys(sets).join("|")}`);
  process.exit(2);
}

function send(p, message) {
  p.stdin.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
}

/** Every page of tools/list (following nextCursor). */
function toolsOf(pkg, args, env) {
  return new Promise((resolve, reject) => {
    const dir = `${set.root}/node_modules/${pkg}`;
    const p = spawn("node", [`${dir}/${args[0]}`, ...args.slice(1)],
      { stdio: ["pipe", "pipe", "ignore"], env: { ...process.env, ...(env || {}) } });
    let buf = "";
    let id = 2;
    const tools = [];
    const timer = setTimeout(() => { p.kill(); reject(new Error(`${pkg}: no tools/list answer`)); }, 30000);
    p.on("exit", (code) => { clearTimeout(timer); reject(new Error(`${pkg}: exited with ${code}`)); });
    p.stdout.on("data", (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let msg;
        try { msg = JSON.parse(line); } catch { continue; }
        if (msg.id === 1) {
          send(p, { method: "notifications/initialized" });
          send(p, { id: 2, method: "tools/list", params: {} });
        } else if (msg.id === id) {
          if (msg.error) { clearTimeout(timer); p.kill(); reject(new Error(`${pkg}: ${msg.error.message}`)); return; }
          tools.push(...msg.result.tools);
          if (msg.result.nextCursor) {
            send(p, { id: ++id, method: "tools/list", params: { cursor: msg.result.nextCursor } });
          } else {
            clearTimeout(timer); p.removeAllListeners("exit"); p.kill(); resolve(tools);
          }
        }
      }
    });
    send(p, { id: 1, method: "initialize", params: {
      protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "codemode-benchmark", version: "1" } } });
  });
}

const out = { command: set.command, servers: [] };
for (const [pkg, args, env] of set.servers) {
  const version = JSON.parse(readFileSync(`${set.root}/node_modules/${pkg}/package.json`, "utf8")).version;
  const tools = await toolsOf(pkg, args, env);
  out.servers.push({ package: pkg, version, tools });
  console.error(`${pkg}@${version}: ${tools.length} tools`);
}
writeFileSync(set.out, JSON.stringify(out, null, 1) + "\n");
