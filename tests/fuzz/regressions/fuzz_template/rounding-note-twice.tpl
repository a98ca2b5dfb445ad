report "Rapport"
rounding_note "Første note."
rounding_note "Anden note."
