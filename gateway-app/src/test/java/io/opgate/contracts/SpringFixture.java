package io.opgate.contracts;

import org.springframework.stereotype.Component;

/** Spring in contracts on purpose, for {@code ArchitectureTest.springInContractsIsNamed}; never used. */
@Component
public final class SpringFixture {

    private SpringFixture() {}
}
