package io.tokenmint.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tokenmint.problem.ProblemCode;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Answers that Tomcat gives before tokenmint sees the request (a request line or headers larger than
 * {@code server.max-http-request-header-size}, a request it cannot parse) carry the same problem body as every
 * other error instead of Tomcat's HTML page.
 */
@Component
class ContainerErrorAnswers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemValve.class.getName()));
	}

	/** Tomcat makes it by its class name, so it is public with a constructor that takes nothing. */
	public static class ProblemValve extends ErrorReportValve {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		@Override
		protected void report(Request request, Response response, Throwable failure) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			ProblemCode code = status >= 500 ? ProblemCode.INTERNAL_ERROR : ProblemCode.REQUEST_REJECTED;
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("type", code.type().toString());
			problem.put("title", code.title());
			problem.put("status", status);
			problem.put("detail", status >= 500 ? "Something went wrong on our side." : "The request could not be read: its request line or "
					+ "headers are malformed or too large.");
			problem.put("code", code.name());
			try {
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.setCharacterEncoding("UTF-8");
				OutputStream out = response.getOutputStream();
				out.write(JSON.writeValueAsBytes(problem));
				out.flush();
			}
			catch (IOException | IllegalStateException ignored) {
				// The connection is gone or the answer already started: nothing more can be said.
			}
		}

	}

}
