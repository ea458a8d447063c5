package com.wacampaigns.gateway.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * Where endpoints may be: {@code https} URLs whose host resolves to public addresses
 * only, so that nobody can make the gateway call into its own network (its database, a
 * cloud's metadata service). Checked when an endpoint is saved and again before every
 * attempt, since a name may resolve elsewhere later. Private networks can be allowed by
 * configuration, for a local stack or tests.
 */
@Component
class EndpointAddresses {

	/**
	 * Internal ranges that {@link InetAddress}'s own tests do not name: shared address
	 * space, "this network", unique local IPv6, benchmarking, IETF protocol assignments,
	 * the reserved 240/4, and the IPv6 forms that carry an IPv4 address inside
	 * (IPv4-compatible, NAT64, 6to4), which could lead to an internal one.
	 */
	private static final List<IpAddressMatcher> INTERNAL = Stream
		.of("100.64.0.0/10", "0.0.0.0/8", "fc00::/7", "198.18.0.0/15", "192.0.0.0/24", "240.0.0.0/4", "::/96",
				"64:ff9b::/96", "64:ff9b:1::/48", "2002::/16")
		.map(IpAddressMatcher::new)
		.toList();

	private final boolean requireHttps;

	private final List<IpAddressMatcher> allowed;

	EndpointAddresses(GatewayProperties properties) {
		GatewayProperties.OutboundWebhooks settings = properties.outboundWebhooks();
		this.requireHttps = settings.requireHttps();
		this.allowed = settings.allowedNetworks().stream().map(IpAddressMatcher::new).toList();
	}

	/** Why {@code url} may not be an endpoint, or empty when it may. */
	Optional<String> problemWith(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Optional.of("is not a URL: " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(scheme.equals("http") && !this.requireHttps)) {
			return Optional.of(this.requireHttps ? "must be an https URL" : "must be an http or https URL");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			return Optional.of("has no host");
		}
		if (uri.getRawUserInfo() != null) {
			return Optional.of("must not carry a user name or password");
		}
		if (uri.getRawFragment() != null) {
			return Optional.of("must not have a fragment");
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(uri.getHost());
		}
		catch (UnknownHostException ex) {
			return Optional.of("names a host that does not resolve: " + uri.getHost());
		}
		for (InetAddress address : addresses) {
			if (internal(address) && !allowed(address)) {
				return Optional.of("resolves to a private or internal address (" + address.getHostAddress()
						+ "); endpoints must be reachable on the internet");
			}
		}
		return Optional.empty();
	}

	private static boolean internal(InetAddress address) {
		return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()
				|| INTERNAL.stream().anyMatch((range) -> range.matches(address.getHostAddress()));
	}

	private boolean allowed(InetAddress address) {
		return this.allowed.stream().anyMatch((network) -> network.matches(address.getHostAddress()));
	}

}
