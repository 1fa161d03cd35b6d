package io.tokenmint;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The packages keep to their boundaries: no cycles, and no module reaches into another's internals. */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(TokenmintApplication.class);

	@Test
	void keepsEveryModuleBoundary() {
		MODULES.verify();
	}

	/** Writes the module diagrams docs/modules.md links to, so that they follow the code. */
	@Test
	void documentsTheModules() {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules")).writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();
	}

}
