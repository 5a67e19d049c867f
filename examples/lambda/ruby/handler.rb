# Minimale Lambda-Funktion in Ruby.
# Runtime: ruby3.4 – Handler: handler.handler (Datei handler.rb, Methode handler)

def handler(event:, context:)
  name = event.fetch('name', 'Welt')
  puts "Anfrage #{context.aws_request_id}" # landet in Amazon CloudWatch Logs
  { message: "Hallo, #{name}!" }
end
