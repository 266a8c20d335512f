package dev.codemode.access;

import java.util.List;
import java.util.Objects;

/**
 * A named set of tools ({@code server.tool}, {@code server.*}, {@code *}) that virtual keys attach.
 */
public record ToolGroup(String name, List<String> tools) {

    public ToolGroup {
        Objects.requireNonNull(name, "name");
        tools = List.copyOf(tools);
    }

    public static ToolGroup of(String name, String... tools) {
        return new ToolGroup(name, List.of(tools));
    }
}
