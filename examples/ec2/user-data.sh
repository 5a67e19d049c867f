#!/bin/bash
# User Data für eine EC2-Instanz mit Amazon Linux 2023.
# cloud-init führt dieses Skript beim ERSTEN Start als root aus;
# die Ausgabe steht danach in /var/log/cloud-init-output.log.
set -euo pipefail

# Pakete aktualisieren und den Webserver Apache (httpd) installieren.
# Amazon Linux 2023 verwendet dnf (nicht mehr yum wie Amazon Linux 2).
dnf -y update
dnf -y install httpd

# Instanz-ID und Availability Zone über den Instance Metadata Service (IMDSv2)
# abfragen: erst ein Token holen, dann mit dem Token lesen.
TOKEN=$(curl -sS -X PUT "http://169.254.169.254/latest/api/token" \
  -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
meta() {
  curl -sS -H "X-aws-ec2-metadata-token: ${TOKEN}" \
    "http://169.254.169.254/latest/meta-data/$1"
}
INSTANCE_ID=$(meta instance-id)
AZ=$(meta placement/availability-zone)

# Eine kleine Startseite schreiben. Hinter einem Load Balancer zeigt sie,
# welche Instanz gerade geantwortet hat.
cat > /var/www/html/index.html <<HTML
<!doctype html>
<html lang="de">
  <head><meta charset="utf-8"><title>Hallo von Amazon EC2</title></head>
  <body>
    <h1>Hallo von Amazon EC2</h1>
    <p>Instanz ${INSTANCE_ID} in ${AZ}</p>
  </body>
</html>
HTML

# Webserver jetzt starten und bei jedem Neustart automatisch starten.
systemctl enable --now httpd
