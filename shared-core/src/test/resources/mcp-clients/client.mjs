// A client this project did not write: the MCP TypeScript SDK, driven by one JSON argument.
//   {"mode": "http", "url": "http://127.0.0.1:PORT/mcp", "token": "T"} or {"mode": "stdio", "command": "java", "args": [...]}
//   plus "elicitation": "accept" | "decline" | "none", and "steps": [["list"], ["call", name, {args}], ["waitListChanged", ms]]
// Prints one JSON object: {"results": [...], "listChanged": n, "elicitations": [messages]}. ESM resolves packages from
// this file's folder, so the test copies it next to node_modules.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const spec = JSON.parse(process.argv[2]);
const elicitation = spec.elicitation ?? "none";
const client = new Client({ name: "ts-e2e", version: "1.0.0" },
  { capabilities: elicitation === "none" ? {} : { elicitation: {} } });
const elicitations = [];
if (elicitation !== "none") {
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitations.push(request.params.message);
    return elicitation === "accept" ? { action: "accept", content: { approve: true } } : { action: "decline" };
  });
}
let listChanged = 0;
client.setNotificationHandler(ToolListChangedNotificationSchema, () => { listChanged++; });
const transport = spec.mode === "http"
  ? new StreamableHTTPClientTransport(new URL(spec.url),
      { requestInit: { headers: spec.token ? { Authorization: `Bearer ${spec.token}` } : {} } })
  : new StdioClientTransport({ command: spec.command, args: spec.args, stderr: "ignore" });
const results = [];
try {
  await client.connect(transport);
  for (const step of spec.steps) {
    if (step[0] === "list") {
      results.push((await client.listTools()).tools.map((t) => t.name));
    } else if (step[0] === "call") {
      const r = await client.callTool({ name: step[1], arguments: step[2] ?? {} }, undefined, { timeout: 90000 });
      results.push({ isError: r.isError ?? false, text: r.content.map((c) => c.text).join("") });
    } else if (step[0] === "waitListChanged") {
      const until = Date.now() + step[1];
      while (listChanged === 0 && Date.now() < until) { await new Promise((r) => setTimeout(r, 50)); }
      results.push(listChanged);
    }
  }
  await client.close();
} catch (e) {
  results.push({ failure: String(e && e.message ? e.message : e) });
}
process.stdout.write(JSON.stringify({ results, listChanged, elicitations }) + "\n");
process.exit(0);
