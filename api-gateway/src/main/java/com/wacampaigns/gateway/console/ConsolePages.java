package com.wacampaigns.gateway.console;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web console's pages. They share their paths with the API ({@code /admin/campaigns}
 * is both the admin page and the admin list), so a browser's request for HTML is
 * forwarded to the page's static file before security sees it, and every other request
 * reaches the API as before. The pages are plain files under {@code static/console}; they
 * call the API with the token that the login page obtained.
 */
@Configuration(proxyBeanMethods = false)
class ConsolePages {

	static final Map<String, String> PAGES = Map.of("/", "/console/login.html", "/login", "/console/login.html",
			"/whatsapp/campaigns", "/console/campaigns.html", "/whatsapp/templates", "/console/templates.html",
			"/api-keys", "/console/keys.html", "/webhooks/endpoints", "/console/webhooks.html", "/api-reference",
			"/console/reference.html", "/admin/campaigns", "/console/admin.html");

	@Bean
	FilterRegistrationBean<PageForwarding> consolePageForwarding() {
		FilterRegistrationBean<PageForwarding> registration = new FilterRegistrationBean<>(new PageForwarding());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.addUrlPatterns("/", "/login", "/whatsapp/campaigns", "/whatsapp/templates", "/api-keys",
				"/webhooks/endpoints", "/api-reference", "/admin/campaigns");
		return registration;
	}

	static final class PageForwarding extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String page = PAGES.get(request.getRequestURI());
			if (page != null && "GET".equals(request.getMethod()) && wantsHtml(request)) {
				request.getRequestDispatcher(page).forward(request, response);
				return;
			}
			chain.doFilter(request, response);
		}

		private static boolean wantsHtml(HttpServletRequest request) {
			String accept = request.getHeader(HttpHeaders.ACCEPT);
			return accept != null && accept.contains("text/html");
		}

	}

}
