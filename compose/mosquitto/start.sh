#!/bin/sh
# Writes the broker's password file from the compose secret, then starts mosquitto, which
# drops to its own user.
set -eu

umask 077
password_file=/mosquitto/data/passwd
mosquitto_passwd -c -b "$password_file" "$MQTT_USERNAME" "$(cat /run/secrets/mqtt_password)"
chown mosquitto:mosquitto "$password_file"

exec mosquitto -c /mosquitto/config/mosquitto.conf
