package dev.whatmoved.metrics;

import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The metrics service on the embedded platform, with the places its pulled metrics come from: a PostgreSQL database
 * {@code shop} standing in for a product's own database (read by a role with a password), a DuckDB file under
 * target/ standing in for a warehouse, and a connection to a port nothing listens on.
 */
public class PullSourcesTestResource implements QuarkusTestResourceLifecycleManager {

    /** Secrets that must never be answered or logged. */
    static final String SHOP_PASSWORD = "shop-Pa55word-never-shown";

    static final String BROKEN_PASSWORD = "broken-Pa55word-never-shown";
    static final String SHOP_USER = "pull_reader";
    static final Path DUCKDB = Path.of("target/pull-test/warehouse.duckdb").toAbsolutePath();

    private final PlatformTestResource platform = new PlatformTestResource();

    @Override
    public void init(Map<String, String> initArgs) {
        platform.init(Map.of(PlatformTestResource.DATABASE, "metrics"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(platform.start());
        EmbeddedPlatform embedded = EmbeddedPlatform.get();
        embedded.database("shop");
        try (Connection connection = DriverManager.getConnection(shopAdminUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists orders");
            statement.execute("create table orders (id bigserial primary key, created_at timestamptz not null,"
                    + " amount numeric not null, country text, updated_at timestamptz not null default now())");
            statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + SHOP_USER
                    + "') then create role " + SHOP_USER + " login password '" + SHOP_PASSWORD + "'; end if; end $$");
            statement.execute("grant select on orders to " + SHOP_USER);
            Files.createDirectories(DUCKDB.getParent());
            Files.deleteIfExists(DUCKDB);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("could not prepare the pull sources", e);
        }
        config.put("whatmoved.metrics.pull.tick", "200ms");
        config.put("whatmoved.metrics.pull.min-every", "PT1S");
        config.put("whatmoved.metrics.pull.connections.shop.url", shopUrl());
        config.put("whatmoved.metrics.pull.connections.shop.user", SHOP_USER);
        config.put("whatmoved.metrics.pull.connections.shop.password", SHOP_PASSWORD);
        config.put("whatmoved.metrics.pull.connections.warehouse.url", "jdbc:duckdb:" + DUCKDB);
        config.put("whatmoved.metrics.pull.connections.broken.url", "jdbc:postgresql://127.0.0.1:1/shop");
        config.put("whatmoved.metrics.pull.connections.broken.user", SHOP_USER);
        config.put("whatmoved.metrics.pull.connections.broken.password", BROKEN_PASSWORD);
        return config;
    }

    static String shopUrl() {
        return "jdbc:postgresql://localhost:" + EmbeddedPlatform.get().postgresPort() + "/shop";
    }

    /** The product's side: the superuser, who writes its orders. */
    static String shopAdminUrl() {
        return EmbeddedPlatform.get().jdbcUrl("shop");
    }

    @Override
    public void stop() {
        platform.stop();
    }
}
