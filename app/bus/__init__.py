"""The bus port: where committed domain events go (DESIGN.md section 5)."""
