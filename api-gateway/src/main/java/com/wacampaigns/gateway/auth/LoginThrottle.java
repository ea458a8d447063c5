package com.wacampaigns.gateway.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.web.ApiException;

/**
 * Failed logins per user name and per client address, each in a window that starts with
 * its first failure. An attempt is counted as failed when it begins, so that parallel
 * attempts cannot all slip under a limit before the first of them is judged, and is taken
 * back when the password was right. Both tables are bounded: past
 * {@code gateway.login.max-tracked} entries the least recently seen is forgotten.
 */
@Component
class LoginThrottle {

	private final GatewayProperties.Login settings;

	private final Clock clock;

	private final Failures byUsername;

	private final Failures byAddress;

	@Autowired
	LoginThrottle(GatewayProperties properties) {
		this(properties.login(), Clock.systemUTC());
	}

	LoginThrottle(GatewayProperties.Login settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.byUsername = new Failures(settings.maxTracked());
		this.byAddress = new Failures(settings.maxTracked());
	}

	/**
	 * Counts an attempt to log in as {@code username} from {@code address} as failed
	 * until {@link #succeeded} says otherwise, or refuses it when either has failed too
	 * often.
	 * @throws ApiException a 429 with {@code Retry-After} when the attempt is refused
	 */
	synchronized void attempt(String username, String address) {
		long now = this.clock.millis();
		String client = client(address);
		long waitForUser = this.byUsername.waitMillis(username, this.settings.maxFailuresPerUsername(), now,
				windowMillis());
		long waitForClient = this.byAddress.waitMillis(client, this.settings.maxFailuresPerAddress(), now,
				windowMillis());
		if (waitForUser > 0 || waitForClient > 0) {
			throw ApiException.tooManyRequests("Too many failed logins "
					+ ((waitForUser > 0) ? "for this user name" : "from this address") + ": try again later",
					Duration.ofMillis(Math.max(waitForUser, waitForClient)));
		}
		this.byUsername.count(username, now, windowMillis());
		this.byAddress.count(client, now, windowMillis());
	}

	/**
	 * The attempt had the right password: it is not counted against the address, and the
	 * user name starts afresh.
	 */
	synchronized void succeeded(String username, String address) {
		this.byUsername.forget(username);
		this.byAddress.uncount(client(address));
	}

	private long windowMillis() {
		return this.settings.window().toMillis();
	}

	/**
	 * The address as it is counted: an IPv6 client gets a whole /64 from its provider, so
	 * the /64 counts as one address.
	 */
	static String client(String address) {
		if (address == null || address.indexOf(':') < 0) {
			return String.valueOf(address);
		}
		try {
			// A literal, as getRemoteAddr() gives it: parsed, not looked up.
			byte[] bytes = InetAddress.getByName(address).getAddress();
			return (bytes.length == 16) ? HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64" : address;
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	/**
	 * Failure windows by key, the least recently used first. Guarded by the throttle's
	 * lock.
	 */
	private static final class Failures {

		private final Map<String, Window> windows;

		Failures(int maxTracked) {
			this.windows = new LinkedHashMap<>(256, 0.75f, true) {

				@Override
				protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
					return size() > maxTracked;
				}

			};
		}

		/** How long {@code key} must wait before its next attempt; 0 if it need not. */
		long waitMillis(String key, int limit, long now, long windowMillis) {
			Window window = current(key, now, windowMillis);
			return (window != null && window.failures() >= limit) ? window.start() + windowMillis - now : 0;
		}

		void count(String key, long now, long windowMillis) {
			Window window = current(key, now, windowMillis);
			this.windows.put(key,
					(window != null) ? new Window(window.start(), window.failures() + 1) : new Window(now, 1));
		}

		void uncount(String key) {
			Window window = this.windows.get(key);
			if (window != null && window.failures() > 0) {
				this.windows.put(key, new Window(window.start(), window.failures() - 1));
			}
		}

		void forget(String key) {
			this.windows.remove(key);
		}

		private Window current(String key, long now, long windowMillis) {
			Window window = this.windows.get(key);
			if (window != null && now - window.start() >= windowMillis) {
				this.windows.remove(key);
				return null;
			}
			return window;
		}

	}

	private record Window(long start, int failures) {

	}

}
