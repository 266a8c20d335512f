package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The application's ObservationRegistry reaches the core, unless spring.ai.codemode.observations.enabled=false. */
class ObservationsAutoConfigurationTest {

    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final ObservationRegistry registry = registry(observed);
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CodeModeAutoConfiguration.class))
            .withUserConfiguration(CodeModeAutoConfigurationTest.CrmTools.class)
            .withPropertyValues("spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer")
            .withBean(ObservationRegistry.class, () -> registry);

    @Test
    void theApplicationsRegistryRecordsExecutionsAndToolCalls() {
        runner.run(context -> {
            run(context.getBean(CodeMode.class));
            assertThat(observed).containsExactly("codemode.tool.call", "codemode.execution");
        });
    }

    @Test
    void thePropertyTurnsObservationsOff() {
        runner.withPropertyValues("spring.ai.codemode.observations.enabled=false").run(context -> {
            run(context.getBean(CodeMode.class));
            assertThat(observed).isEmpty();
        });
    }

    private static void run(CodeMode codeMode) {
        assertThat(codeMode.call("executeToolCode", Map.of("code", "result = crm.lookup_customer(id='c1')")).text())
                .contains("Ada");
    }

    /** A registry that notes the name of every observation it stops. */
    private static ObservationRegistry registry(List<String> observed) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                observed.add(context.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        return registry;
    }
}
