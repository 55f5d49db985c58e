"""The catalogue's package: Plataforma Nacional de Datos Abiertos: the national catalogue kept as code."""

__version__ = "0.1.0"
