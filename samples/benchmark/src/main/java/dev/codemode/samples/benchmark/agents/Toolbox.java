package dev.codemode.samples.benchmark.agents;

import java.util.List;
import java.util.Map;

/**
 * What one agent offers the model during one task, and how its tool calls run. The deterministic
 * policies and the live model use the same toolboxes, so both pay for the same definitions and get
 * the same results.
 */
public interface Toolbox {

    /** The {@code tools} array of the next request, OpenAI chat completions format. */
    List<Map<String, Object>> tools();

    /** Runs one tool call of the model; returns the text of the tool message. */
    String call(String name, Map<String, Object> arguments);
}
