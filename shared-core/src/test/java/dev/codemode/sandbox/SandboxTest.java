package dev.codemode.sandbox;

import dev.codemode.catalog.ToolCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The fixture of the sandbox's script tests: one interpreter over {@link SandboxFixtures#catalog()} per class. */
abstract class SandboxTest {

    static ToolCatalog catalog;
    static StarlarkInterpreter interpreter;

    @BeforeAll
    static void startInterpreter() {
        catalog = SandboxFixtures.catalog();
        interpreter = StarlarkInterpreter.create();
    }

    @AfterAll
    static void closeInterpreter() {
        interpreter.close();
    }

    /** Runs {@code code} against the fixture catalog, each call straight to its source. */
    static ExecutionResult run(String code) {
        return interpreter.execute(code, catalog.view(), SandboxFixtures.directInvoker(catalog));
    }
}
