package io.opgate.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.opgate.gateway.tracking.PollIntervals;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The imports run downward only: contracts ← adapters ← store ← events ← tracking ← metrics ← api ← config (and the
 * Redis implementations of the store's interfaces, used by config only). A class that imports upward, or Spring in
 * {@code contracts}, fails the build here, naming the offending import.
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.opgate");

    static final JavaClasses CONTRACTS_AND_ADAPTERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.opgate.contracts", "io.opgate.adapter");

    static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            // Checked on a few classes too (the fixtures below); the real check asserts the packages exist.
            .withOptionalLayers(true)
            .layer("Store")
            .definedBy("io.opgate.gateway.store")
            .layer("Events")
            .definedBy("io.opgate.gateway.events..")
            .layer("Security")
            .definedBy("io.opgate.gateway.security..")
            .layer("Tracking")
            .definedBy("io.opgate.gateway.tracking..")
            .layer("Redis")
            .definedBy("io.opgate.gateway.store.redis..")
            .layer("Metrics")
            .definedBy("io.opgate.gateway.metrics..", "io.opgate.gateway.tracing..")
            .layer("Api")
            .definedBy("io.opgate.gateway.api..")
            .layer("Config")
            .definedBy("io.opgate.gateway", "io.opgate.gateway.config..")
            .whereLayer("Config")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Api")
            .mayOnlyBeAccessedByLayers("Config")
            .whereLayer("Metrics")
            .mayOnlyBeAccessedByLayers("Config")
            .whereLayer("Redis")
            .mayOnlyBeAccessedByLayers("Config")
            .whereLayer("Tracking")
            .mayOnlyBeAccessedByLayers("Metrics", "Api", "Config")
            .whereLayer("Events")
            .mayOnlyBeAccessedByLayers("Tracking", "Metrics", "Api", "Config")
            // Redis may implement what security defines (shared quotas), as it implements the store's interfaces.
            .whereLayer("Security")
            .mayOnlyBeAccessedByLayers("Tracking", "Redis", "Metrics", "Api", "Config");

    @Test
    void theGatewaysLayersImportDownwardOnly() {
        assertThat(CLASSES.containPackage("io.opgate.gateway.tracking")).isTrue();
        assertThat(CLASSES.containPackage("io.opgate.gateway.store.redis")).isTrue();
        assertThat(CLASSES.containPackage("io.opgate.gateway.config")).isTrue();
        LAYERS.check(CLASSES);
    }

    /** The rule can fail: a store class that imports the engine is named. */
    @Test
    void anUpwardImportIsNamed() {
        JavaClasses upward = new ClassFileImporter()
                .importClasses(io.opgate.gateway.store.UpwardImportFixture.class, PollIntervals.class);
        assertThatThrownBy(() -> LAYERS.check(upward))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UpwardImportFixture")
                .hasMessageContaining("PollIntervals");
    }

    /** The rule can fail: Spring in contracts is named. */
    @Test
    void springInContractsIsNamed() {
        JavaClasses spring = new ClassFileImporter().importClasses(io.opgate.contracts.SpringFixture.class);
        assertThatThrownBy(() -> CONTRACTS_FREE_OF_SPRING.check(spring))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SpringFixture");
    }

    @Test
    void theGatewaysPackagesFormNoCycle() {
        slices().matching("io.opgate.gateway.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    static final ArchRule CONTRACTS_FREE_OF_SPRING = noClasses()
            .that()
            .resideInAPackage("io.opgate.contracts..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "io.opgate.adapter..", "io.opgate.gateway..");

    @Test
    void contractsHaveNoSpringAndImportNothingAboveThem() {
        assertThat(CONTRACTS_AND_ADAPTERS.containPackage("io.opgate.contracts.spi"))
                .isTrue();
        CONTRACTS_FREE_OF_SPRING.check(CONTRACTS_AND_ADAPTERS);
    }

    /**
     * The SPI's types are its own, so that an adapter depends on no HTTP client or JSON mapper through it (#19). Only
     * {@code JsonNode} stays: it is the model's type for a backend's raw payload and an operation's result.
     */
    static final ArchRule CONTRACTS_FREE_OF_TRANSPORT = noClasses()
            .that()
            .resideInAPackage("io.opgate.contracts..")
            .should()
            .dependOnClassesThat(resideInAnyPackage("reactor.netty..", "io.netty..", "org.springframework..")
                    .or(resideInAnyPackage("tools.jackson..").and(not(equivalentTo(JsonNode.class))))
                    .as("Netty, Reactor Netty, Spring or Jackson other than JsonNode"));

    @Test
    void contractsUseNoTransportOrMapperTypes() {
        assertThat(CONTRACTS_AND_ADAPTERS.containPackage("io.opgate.contracts.spi"))
                .isTrue();
        CONTRACTS_FREE_OF_TRANSPORT.check(CONTRACTS_AND_ADAPTERS);
    }

    /** The rule can fail: Reactor Netty's client and Jackson's mapper in contracts are named. */
    @Test
    void transportTypesInContractsAreNamed() {
        JavaClasses transport = new ClassFileImporter().importClasses(io.opgate.contracts.TransportFixture.class);
        assertThatThrownBy(() -> CONTRACTS_FREE_OF_TRANSPORT.check(transport))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("HttpClient")
                .hasMessageContaining("ObjectMapper")
                .hasMessageNotContaining("<tools.jackson.databind.JsonNode>");
    }

    @Test
    void adaptersKnowNeitherSpringNorTheGateway() {
        assertThat(CONTRACTS_AND_ADAPTERS.containPackage("io.opgate.adapter.ontap"))
                .isTrue();
        noClasses()
                .that()
                .resideInAPackage("io.opgate.adapter..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.opgate.gateway..")
                .check(CONTRACTS_AND_ADAPTERS);
    }
}
