package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

// Minimale Lambda-Funktion in Java (Bibliothek com.amazonaws:aws-lambda-java-core).
// Runtime: java25 – Handler: example.Handler::handleRequest
public class Handler implements RequestHandler<Map<String, String>, Map<String, String>> {

    @Override
    public Map<String, String> handleRequest(Map<String, String> event, Context context) {
        String name = event.getOrDefault("name", "Welt");
        context.getLogger().log("Anfrage " + context.getAwsRequestId());
        return Map.of("message", "Hallo, " + name + "!");
    }
}
