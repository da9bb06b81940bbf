package met.http;

import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Javalin request to Bolt request (raw body untouched, all headers, the query) and Bolt's response back. */
final class BoltBridge {
    private BoltBridge() {
    }

    /**
     * @param body the body whose signature was checked; a view submission's reaches Bolt without the view's blocks
     * @throws RuntimeException when the body is not something Slack sends
     */
    static Request<?> toBolt(SlackRequestParser parser, Context ctx, String body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ctx.headerMap().forEach((name, value) -> headers.put(name, List.of(value)));
        return parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(ctx.path())
                .queryString(ctx.queryParamMap())
                .headers(new RequestHeaders(headers))
                .requestBody(ViewSubmissionBody.withoutBlocks(body))
                .remoteAddress(ctx.ip())
                .build());
    }

    static void write(Response response, Context ctx) {
        ctx.status(response.getStatusCode());
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, values) -> values.forEach(v -> ctx.res().addHeader(name, v)));
        }
        if (response.getContentType() != null) {
            ctx.contentType(response.getContentType());
        }
        ctx.result(response.getBody() == null ? "" : response.getBody());
    }
}
