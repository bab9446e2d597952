"""Functions of MXNet modules that need MXNet's C++ library (quantization, ONNX, RTC, extension libraries):
they exist under MXNet's names and raise NotImplementedError naming the API and the reason."""


def refusing(api, reason):
    """A function standing for MXNet's `api` that raises NotImplementedError naming it and `reason`."""
    def refused(*args, **kwargs):
        raise NotImplementedError(f"{api} is not supported by torch2gluon: {reason}")
    refused.__name__ = api.rsplit(".", 1)[-1]
    refused.__qualname__ = refused.__name__
    refused.__doc__ = f"MXNet's `{api}`: not supported ({reason}); raises NotImplementedError."
    return refused


def refusing_class(api, reason):
    """A class standing for MXNet's `api` whose construction raises NotImplementedError."""
    def __init__(self, *args, **kwargs):
        raise NotImplementedError(f"{api} is not supported by torch2gluon: {reason}")
    name = api.rsplit(".", 1)[-1]
    return type(name, (), {"__init__": __init__,
                           "__doc__": f"MXNet's `{api}`: not supported ({reason}); raises NotImplementedError."})
