package com.wacampaigns.gateway.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * Refuses a request body over its limit with a 413 before anything parses it: at once
 * when its Content-Length says so, or, for a chunked body, when reading passes the limit
 * ({@link RequestBodyTooLargeException}, answered by {@link RequestBodyLimitAdvice}). CSV
 * imports, multipart requests to the two endpoints that take files, and webhooks have
 * limits of their own and pass untouched; a multipart request anywhere else gets the
 * ordinary limit (and is never parsed: multipart is resolved lazily). Runs after Spring
 * Security: a caller without a token learns nothing here.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** Their own limits: {@code gateway.csv.max-bytes} and the webhook's 3 MB. */
	private static final List<PathPattern> OWN_LIMITS = patterns("/campaigns/{id}/recipients", "/webhooks/whatsapp");

	/** The endpoints that take a file: the multipart limits are theirs alone. */
	private static final List<PathPattern> MULTIPART = patterns("/campaigns/create", "/campaigns/{id}/recipients");

	/** Recipients may come inline, up to 100,000 of them. */
	private static final List<PathPattern> CAMPAIGN_CREATE = patterns("/campaigns/create", "/campaigns");

	private final long maxBytes;

	private final long campaignMaxBytes;

	private final JsonMapper json;

	RequestBodyLimitFilter(GatewayProperties properties, JsonMapper json) {
		this.maxBytes = properties.requestBody().maxSize().toBytes();
		this.campaignMaxBytes = properties.requestBody().campaignMaxSize().toBytes();
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		boolean multipart = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
		return (multipart && matches(MULTIPART, request)) || matches(OWN_LIMITS, request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean campaign = matches(CAMPAIGN_CREATE, request);
		long limit = campaign ? this.campaignMaxBytes : this.maxBytes;
		String detail = "The request body is over the limit of " + limit + " bytes"
				+ (campaign ? "; send a long recipient list as a CSV file (multipart POST /campaigns/create,"
						+ " or POST /campaigns/{id}/recipients)" : "");
		long length = request.getContentLengthLong();
		if (length > limit) {
			refuse(request, response, detail);
			return;
		}
		// No Content-Length: chunked, or no body at all. Counted as it is read.
		chain.doFilter((length < 0) ? new LimitedRequest(request, limit, detail) : request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		ProblemDetail problem = ApiException.payloadTooLarge(detail).getBody();
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	private static boolean matches(List<PathPattern> patterns, HttpServletRequest request) {
		PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath())
			.pathWithinApplication();
		return patterns.stream().anyMatch((pattern) -> pattern.matches(path));
	}

	private static List<PathPattern> patterns(String... patterns) {
		return Arrays.stream(patterns).map(PathPatternParser.defaultInstance::parse).toList();
	}

	/**
	 * The request with a body that fails to read past the limit.
	 */
	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private final String detail;

		private ServletInputStream body;

		LimitedRequest(HttpServletRequest request, long limit, String detail) {
			super(request);
			this.limit = limit;
			this.detail = detail;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.body == null) {
				this.body = new LimitedInputStream(super.getInputStream(), this.limit, this.detail);
			}
			return this.body;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	/**
	 * Counts the bytes read and fails once they pass the limit.
	 */
	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private final String detail;

		private long read;

		LimitedInputStream(ServletInputStream in, long limit, String detail) {
			this.in = in;
			this.limit = limit;
			this.detail = detail;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

		private void count(int n) throws RequestBodyTooLargeException {
			this.read += n;
			if (this.read > this.limit) {
				throw new RequestBodyTooLargeException(this.detail);
			}
		}

	}

}
