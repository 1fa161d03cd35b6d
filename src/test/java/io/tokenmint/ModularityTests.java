package io.tokenmint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The packages keep to their boundaries: no cycles, and no module reaches into another's internals. */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(TokenmintApplication.class);

	private static final Path DOCS = Path.of("docs/modules");

	@Test
	void keepsEveryModuleBoundary() {
		MODULES.verify();
	}

	/**
	 * Updates the module diagrams docs/modules.md links to, so that they follow the code. The Documenter lists
	 * relations in no fixed order, so a diagram is replaced only when its lines differ, not their order: an
	 * unchanged module leaves the work tree clean.
	 */
	@Test
	void documentsTheModules() throws IOException {
		Path generated = Path.of("target/module-docs");
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();
		Files.createDirectories(DOCS);
		try (Stream<Path> diagrams = Files.list(generated)) {
			for (Path diagram : diagrams.filter(path -> path.toString().endsWith(".puml")).toList()) {
				Path documented = DOCS.resolve(diagram.getFileName());
				if (!Files.exists(documented) || !sortedLines(documented).equals(sortedLines(diagram))) {
					Files.copy(diagram, documented, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static List<String> sortedLines(Path file) throws IOException {
		return Files.readAllLines(file).stream().sorted().toList();
	}

}
