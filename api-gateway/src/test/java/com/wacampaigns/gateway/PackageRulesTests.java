package com.wacampaigns.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The service's feature packages depend on each other in one direction only, so each can
 * be read (and changed) starting from the ones it uses.
 */
class PackageRulesTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.wacampaigns.gateway");

	@Test
	void featurePackagesShouldBeFreeOfCycles() {
		slices().matching("com.wacampaigns.gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

}
