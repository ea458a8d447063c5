package com.wacampaigns.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server from embedded binaries. It runs with {@code fsync=off} and
 * {@code synchronous_commit=off}: fine for tests and the demo stack, never for production
 * data.
 */
public final class LocalPostgres implements AutoCloseable {

	public static final String USER = "postgres";

	private EmbeddedPostgres postgres;

	/** Where a restartable server keeps its data; {@code null} for the others. */
	private final Path dataDirectory;

	private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * A server that {@link #restart(Duration)} can stop and start again on the same port
	 * and data, as a database restart looks to its clients. The folder is the caller's to
	 * delete.
	 */
	public static LocalPostgres startRestartable(Path dataDirectory) {
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			return new LocalPostgres(restartable(port, dataDirectory), dataDirectory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL did not start", ex);
		}
	}

	/** Stops the server, waits {@code downtime}, and starts it again on its data. */
	public void restart(Duration downtime) {
		if (this.dataDirectory == null) {
			throw new IllegalStateException("Only a server from startRestartable can be restarted");
		}
		int port = this.postgres.getPort();
		close();
		try {
			Thread.sleep(downtime);
			this.postgres = restartable(port, this.dataDirectory);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while PostgreSQL was down", ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL did not start again", ex);
		}
	}

	private static EmbeddedPostgres restartable(int port, Path dataDirectory) throws IOException {
		return EmbeddedPostgres.builder()
			.setServerConfig("max_connections", "300")
			.setPort(port)
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.start();
	}

	/**
	 * @param port the port, 0 for any free one
	 * @param dataDirectory where the cluster lives, or {@code null} for a temporary
	 * folder
	 */
	public static LocalPostgres start(int port, Path dataDirectory) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setServerConfig("max_connections", "300")
				.setServerConfig("shared_buffers", "256MB");
			if (port > 0) {
				builder.setPort(port);
			}
			if (dataDirectory != null) {
				builder.setDataDirectory(dataDirectory).setCleanDataDirectory(true);
			}
			return new LocalPostgres(builder.start(), null);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL did not start", ex);
		}
	}

	public int port() {
		return this.postgres.getPort();
	}

	public String jdbcUrl(String database) {
		return this.postgres.getJdbcUrl(USER, database);
	}

	/** Creates an empty database owned by {@link #USER}. */
	public void createDatabase(String name) {
		if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL did not stop cleanly", ex);
		}
	}

}
