package io.tokenmint;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Prints a {@link ConfigurationProblem} as one block under Spring Boot's "APPLICATION FAILED TO START": the
 * setting, its value, the rule and the fix, instead of a stack trace with the one useful line at its bottom. First
 * among the analyzers, so that a problem found while binding a settings record is named by its setting here rather
 * than as a failure to bind the whole record.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConfigurationProblemAnalyzer extends AbstractFailureAnalyzer<ConfigurationProblem> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationProblem problem) {
		String description = "tokenmint cannot start: a setting breaks a rule.\n\n    Setting: " + problem.setting() + "\n    Value:   "
				+ (problem.value() == null ? "(not set)" : problem.value()) + "\n    Rule:    " + problem.rule();
		return new FailureAnalysis(description, problem.fix() + "\n(docs/configuration.md lists every setting with its environment variable.)",
				problem);
	}

}
