package dev.chatlog.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.BadSqlGrammarException;

class ProblemsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode body(Response response) throws IOException {
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        return JSON.readTree(response.body());
    }

    @Test
    void writesAClientErrorWithTypeTitleStatusDetailAndInvalidParams() throws IOException {
        Response response = Problems.toResponse(ApiException.badParameters(List.of(new InvalidParam("limit", "too big"),
                new InvalidParam("order", "unknown"))), "GET", "/v1/conversations");
        assertThat(response.status()).isEqualTo(400);
        JsonNode problem = body(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:chatlog:problem:invalid-parameter");
        assertThat(problem.get("title").asText()).isEqualTo("Invalid parameter");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).isEqualTo("Invalid parameters: limit, order");
        assertThat(problem.get("instance").asText()).isEqualTo("/v1/conversations");
        assertThat(problem.get("invalid_params").get(0).get("name").asText()).isEqualTo("limit");
        assertThat(problem.get("invalid_params").get(0).get("reason").asText()).isEqualTo("too big");
    }

    @Test
    void keepsTheHeadersOfAProblem() {
        Response response = Problems.toResponse(ApiException.unauthorized("no", "Bearer realm=\"chatlog\""), "GET", "/");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"chatlog\"");
    }

    @Test
    void turnsAStatementTimeoutIntoA503WithRetryAfter() throws IOException {
        SQLException timeout = new SQLException("ERROR: canceling statement due to statement timeout", "57014");
        Response response = Problems.toResponse(new DataAccessResourceFailureException("SELECT secret FROM t", timeout),
                "GET", "/v1/conversations");
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers()).containsEntry("Retry-After", "1");
        assertThat(body(response).get("type").asText()).isEqualTo("urn:chatlog:problem:query-timeout");
        assertThat(new String(response.body())).doesNotContain("SELECT").doesNotContain("canceling");
    }

    @Test
    void turnsALostOrExhaustedDatabaseIntoA503() {
        for (SQLException e : List.of(new SQLException("gone", "08006"), new SQLException("too many", "53300"),
                new SQLException("shutting down", "57P01"), new SQLTransientConnectionException("pool timeout"),
                chained(new SQLException("batch failed"), new SQLException("admin shutdown", "57P02")))) {
            assertThat(Problems.classify(new RuntimeException(e)).status()).as(e.getMessage()).isEqualTo(503);
            assertThat(Problems.classify(new RuntimeException(e)).type()).isEqualTo("database-unavailable");
        }
    }

    @Test
    void turnsAnythingElseIntoA500WithAGenericDetailThatLeaksNothing() throws IOException {
        SQLException syntax = new SQLException("ERROR: syntax error at or near \"FORM\" in SELECT * FORM users", "42601");
        for (Exception e : List.of(new BadSqlGrammarException("q", "SELECT * FORM users", syntax),
                new NullPointerException("field x"), new IllegalStateException("internal state"))) {
            Response response = Problems.toResponse(e, "GET", "/v1/conversations");
            assertThat(response.status()).isEqualTo(500);
            JsonNode problem = body(response);
            assertThat(problem.get("type").asText()).isEqualTo("urn:chatlog:problem:internal-error");
            assertThat(new String(response.body())).doesNotContain("FORM").doesNotContain("field x")
                    .doesNotContain("internal state").doesNotContain("Exception");
        }
    }

    private static SQLException chained(SQLException first, SQLException next) {
        first.setNextException(next);
        return first;
    }
}
