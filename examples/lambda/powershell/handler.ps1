# Minimale Lambda-Funktion in PowerShell.
# Runtime: provided.al2023 mit der PowerShell-Runtime als Layer
#          (https://github.com/awslabs/aws-lambda-powershell-runtime)
# Handler: handler.ps1::handler (Skriptdatei::Funktion)

function handler {
    param($LambdaInput, $LambdaContext)

    $name = if ($LambdaInput.name) { $LambdaInput.name } else { 'Welt' }
    Write-Host "Anfrage $($LambdaContext.AwsRequestId)"   # landet im Log
    [pscustomobject]@{ message = "Hallo, $name!" }        # Rückgabe als JSON
}
