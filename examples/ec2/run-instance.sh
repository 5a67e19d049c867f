#!/usr/bin/env bash
# Startet eine EC2-Instanz (t3.micro, Amazon Linux 2023) mit einem Webserver.
# Voraussetzungen: AWS CLI v2, angemeldetes Profil, Standard-VPC in der Region.
# Aufruf aus diesem Ordner: ./run-instance.sh
set -euo pipefail

REGION="${AWS_REGION:-eu-central-1}"
INSTANCE_TYPE="${INSTANCE_TYPE:-t3.micro}"
SG_NAME="${SG_NAME:-kurs-webserver}"

# 1. Aktuelle AMI-ID von Amazon Linux 2023 (x86_64) aus dem öffentlichen
#    SSM-Parameter lesen, statt eine ID fest einzutragen: AMI-IDs sind je
#    Region verschieden und ändern sich mit jeder neuen Version des Images.
AMI_ID=$(aws ssm get-parameter \
  --region "$REGION" \
  --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 \
  --query 'Parameter.Value' --output text)
echo "AMI: $AMI_ID"

# 2. Security Group (Firewall der Instanz), die HTTP (Port 80) von überall erlaubt.
SG_ID=$(aws ec2 create-security-group \
  --region "$REGION" \
  --group-name "$SG_NAME" \
  --description "HTTP fuer den Kurs-Webserver" \
  --query 'GroupId' --output text)
aws ec2 authorize-security-group-ingress \
  --region "$REGION" \
  --group-id "$SG_ID" \
  --protocol tcp --port 80 --cidr 0.0.0.0/0 > /dev/null

# 3. Instanz starten; user-data.sh wird beim ersten Start ausgeführt.
INSTANCE_ID=$(aws ec2 run-instances \
  --region "$REGION" \
  --image-id "$AMI_ID" \
  --instance-type "$INSTANCE_TYPE" \
  --count 1 \
  --security-group-ids "$SG_ID" \
  --user-data file://user-data.sh \
  --metadata-options HttpTokens=required \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=kurs-webserver}]' \
  --query 'Instances[0].InstanceId' --output text)
echo "Instanz: $INSTANCE_ID"

# 4. Warten, bis die Instanz läuft, und die öffentliche IP-Adresse ausgeben.
aws ec2 wait instance-running --region "$REGION" --instance-ids "$INSTANCE_ID"
PUBLIC_IP=$(aws ec2 describe-instances \
  --region "$REGION" \
  --instance-ids "$INSTANCE_ID" \
  --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)
echo "In ein bis zwei Minuten erreichbar: http://$PUBLIC_IP/"

# Aufräumen (sonst läuft – und kostet – die Instanz weiter):
#   aws ec2 terminate-instances --region "$REGION" --instance-ids "$INSTANCE_ID"
#   aws ec2 wait instance-terminated --region "$REGION" --instance-ids "$INSTANCE_ID"
#   aws ec2 delete-security-group --region "$REGION" --group-id "$SG_ID"
