"""Name -> class registries for serialisable objects (MXNet 1.9.1's `mxnet.registry`)."""
import json
import warnings

__all__ = ["get_registry", "get_register_func", "get_alias_func", "get_create_func"]

_TABLES = {}


def _table(base_class):
    return _TABLES.setdefault(base_class, {})


def get_registry(base_class):
    """A copy of the name -> class table registered for `base_class`."""
    return dict(_table(base_class))


def get_register_func(base_class, nickname):
    """A decorator `register(klass, name=None)` that files subclasses of `base_class` under a lower-case name."""
    table = _table(base_class)

    def register(klass, name=None):
        assert issubclass(klass, base_class), f"Can only register subclass of {base_class.__name__}"
        key = (klass.__name__ if name is None else name).lower()
        old = table.get(key)
        if old is not None:
            warnings.warn(f"\033[91mNew {nickname} {klass.__module__}.{klass.__name__} registered with name "
                          f"{key} isoverriding existing {nickname} {old.__module__}.{old.__name__}\033[0m",
                          UserWarning, stacklevel=2)
        table[key] = klass
        return klass

    register.__doc__ = f"Register {nickname} to the {nickname} factory"
    return register


def get_alias_func(base_class, nickname):
    """A decorator factory `alias(*names)` that registers a class under extra names."""
    register = get_register_func(base_class, nickname)

    def alias(*aliases):
        """Decorator registering the class under each of `aliases`."""
        def decorate(klass):
            for name in aliases:
                register(klass, name)
            return klass
        return decorate

    return alias


def get_create_func(base_class, nickname):
    """A factory `create(name_or_instance_or_config, *args, **kwargs)` over the `base_class` table."""
    table = _table(base_class)

    def create(*args, **kwargs):
        if args:
            what, args = args[0], args[1:]
        else:
            what = kwargs.pop(nickname)
        if isinstance(what, base_class):
            assert not args and not kwargs, \
                f"{nickname} is already an instance. Additional arguments are invalid"
            return what
        if isinstance(what, dict):
            return create(**what)
        assert isinstance(what, str), f"{nickname} must be of string type"
        if what.startswith("["):
            assert not args and not kwargs
            what, kwargs = json.loads(what)
            return create(what, **kwargs)
        if what.startswith("{"):
            assert not args and not kwargs
            return create(**json.loads(what))
        key = what.lower()
        assert key in table, f"{key} is not registered. Please register with {nickname}.register first"
        return table[key](*args, **kwargs)

    create.__doc__ = f"Create a {nickname} instance from a name, an instance or a config."
    return create
