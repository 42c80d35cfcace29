package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs two test classes through the JUnit engine, in parallel, and checks that they never share a name. */
@io.github.azkit.testing.AzkitStorageTest
class IsolationIT {

    static final Map<String, String> CONTAINER_BY_CLASS = new ConcurrentHashMap<>();
    static final Map<String, String> TABLE_BY_CLASS = new ConcurrentHashMap<>();

    @Test
    void twoTestClassesGetIsolatedNamesAndTheirResourcesAreDeleted(TestStorage storage) {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(First.class), selectClass(Second.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));

        assertThat(CONTAINER_BY_CLASS).containsOnlyKeys("First", "Second");
        assertThat(CONTAINER_BY_CLASS.get("First")).isNotEqualTo(CONTAINER_BY_CLASS.get("Second"));
        assertThat(TABLE_BY_CLASS.get("First")).isNotEqualTo(TABLE_BY_CLASS.get("Second"));
        for (String container : CONTAINER_BY_CLASS.values()) {
            assertThat(storage.blobServiceClient().getBlobContainerClient(container).exists())
                    .as("container %s deleted after its test", container).isFalse();
        }
    }

    @AzkitStorageTest
    @org.junit.jupiter.api.Disabled("run only through IsolationIT's engine test kit")
    static class First {
        @Test
        void records(TestStorage storage) {
            CONTAINER_BY_CLASS.put("First", storage.createContainer().getBlobContainerName());
            TABLE_BY_CLASS.put("First", storage.createTable().getTableName());
        }
    }

    @AzkitStorageTest
    @org.junit.jupiter.api.Disabled("run only through IsolationIT's engine test kit")
    static class Second {
        @Test
        void records(TestStorage storage) {
            CONTAINER_BY_CLASS.put("Second", storage.createContainer().getBlobContainerName());
            TABLE_BY_CLASS.put("Second", storage.createTable().getTableName());
        }
    }
}
