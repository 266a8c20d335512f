package dev.codemode.samples.benchmark.agents;

import dev.codemode.samples.benchmark.tasks.Task;

/**
 * One way of giving a model tools, with its deterministic policy. Agents are identified by a key
 * ({@code standard}, {@code toolSearch}, {@code codeMode}); reports and JSON treat the set of agents as
 * open, so another (for example {@code auto}) is one more implementation.
 */
public interface Agent extends AutoCloseable {

    /** The system prompt every agent gets. */
    String SYSTEM = "You are an operations assistant for an online shop. Use the tools to do what the user asks."
            + " When you are done, reply with only the JSON answer in the shape the user asks for.";

    /** Key in reports and JSON. */
    String key();

    /** Human-readable name for tables and charts. */
    String label();

    /** A fresh toolbox for one task (the model's view of the tools, and how calls run). */
    Toolbox toolbox();

    /** Runs one task with the deterministic policy and grades its answer. */
    AgentRun run(Task task);

    @Override
    default void close() {
    }
}
