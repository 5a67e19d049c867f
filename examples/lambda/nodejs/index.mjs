// Minimale Lambda-Funktion in Node.js (ES-Modul, daher .mjs).
// Runtime: nodejs24.x – Handler: index.handler (Datei index.mjs, Export handler)

export const handler = async (event, context) => {
  const name = event.name ?? "Welt";
  console.log(`Anfrage ${context.awsRequestId}`); // landet in Amazon CloudWatch Logs
  return { message: `Hallo, ${name}!` };
};
