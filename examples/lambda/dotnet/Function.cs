// Minimale Lambda-Funktion in C# (NuGet-Pakete Amazon.Lambda.Core und
// Amazon.Lambda.Serialization.SystemTextJson).
// Runtime: dotnet10 – Handler: HalloLambda::HalloLambda.Function::FunctionHandler
//          (Assembly::Namespace.Klasse::Methode)
using System.Collections.Generic;
using Amazon.Lambda.Core;

// Wandelt das JSON-Event in Parameter um und den Rückgabewert wieder in JSON.
[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace HalloLambda;

public class Function
{
    public Dictionary<string, string> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
    {
        var name = input.TryGetValue("name", out var value) ? value : "Welt";
        context.Logger.LogLine($"Anfrage {context.AwsRequestId}");
        return new Dictionary<string, string> { ["message"] = $"Hallo, {name}!" };
    }
}
