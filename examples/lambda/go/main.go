// Minimale Lambda-Funktion in Go (Bibliothek github.com/aws/aws-lambda-go).
// Runtime: provided.al2023 – die kompilierte Datei muss "bootstrap" heißen.
package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
)

type Event struct {
	Name string `json:"name"`
}

type Response struct {
	Message string `json:"message"`
}

func handleRequest(ctx context.Context, event Event) (Response, error) {
	name := event.Name
	if name == "" {
		name = "Welt"
	}
	return Response{Message: fmt.Sprintf("Hallo, %s!", name)}, nil
}

func main() {
	// Übergibt den Handler an Lambda und wartet auf Aufrufe.
	lambda.Start(handleRequest)
}
