package io.tokenmint.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.tokenmint.problem.ProblemException;
import io.tokenmint.validation.FormFields;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The console's audit search: the same query, filters and export as {@code /admin/audit}. */
@Controller
@RequestMapping("/console/audit")
class AuditConsole {

	static final int PAGE_SIZE = 50;

	private final AuditQuery audit;

	private final JsonMapper json;

	private final JsonMapper pretty;

	AuditConsole(AuditQuery audit, JsonMapper json) {
		this.audit = audit;
		this.json = json;
		this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
	}

	/**
	 * The search form. Times are what a browser's date-time field sends (no zone: read as UTC) or ISO-8601 instants.
	 */
	record Search(@Nullable String kind, @Nullable String subject, @Nullable String document, @Nullable String outcome,
			@Nullable String since, @Nullable String until, @Nullable String cursor) {

		AuditQuery.Filter filter(boolean paged) {
			return new AuditQuery.Filter(FormFields.text(kind), FormFields.text(subject), FormFields.text(document),
					FormFields.text(outcome), instant("since", since), instant("until", until),
					AuditController.cursor(paged ? FormFields.text(cursor) : null));
		}

		private static @Nullable Instant instant(String name, @Nullable String value) {
			String text = FormFields.text(value);
			if (text == null) {
				return null;
			}
			try {
				return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notLocal) {
				return AuditController.instant(name, text);
			}
		}

	}

	@GetMapping
	String search(@ModelAttribute("search") Search search, Model model) {
		try {
			AuditQuery.Page page = audit.page(search.filter(true), PAGE_SIZE);
			model.addAttribute("records", page.items());
			model.addAttribute("nextCursor", page.nextCursor());
		}
		catch (ProblemException problem) {
			model.addAttribute("problem", problem);
			model.addAttribute("records", java.util.List.of());
		}
		return "console/audit";
	}

	@GetMapping("/{id}")
	String record(@PathVariable long id, Model model) {
		var found = audit.find(id);
		model.addAttribute("record", found.orElse(null));
		model.addAttribute("json", found.map(pretty::writeValueAsString).orElse(null));
		return "console/audit-record";
	}

	@GetMapping("/export")
	ResponseEntity<StreamingResponseBody> export(@ModelAttribute("search") Search search) {
		ResponseEntity<StreamingResponseBody> stream = AuditController.ndjson(audit, json, search.filter(false));
		return ResponseEntity.status(stream.getStatusCode())
			.headers(stream.getHeaders())
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("tokenmint-audit.ndjson").build().toString())
			.body(stream.getBody());
	}

}
