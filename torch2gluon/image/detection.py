"""`mx.image.detection`: detection augmenters and ImageDetIter (labels [header..., objects...], MXNet 1.9.1)."""
import logging
import warnings

import numpy as np

from .. import ndarray as nd
from ..ndarray.ndarray import NDArray
from .image_iter import ImageIter
from .det_augment import *  # noqa: F401,F403
from .det_augment import CreateDetAugmenter, __all__ as _aug_all

__all__ = list(_aug_all) + ["ImageDetIter"]


class ImageDetIter(ImageIter):
    """Detection iterator: yields data (N, C, H, W) float32 and labels (N, max_objects, object_width), -1 padded.

    A raw label is `[header_width, object_width, extra header..., obj0..., obj1...]`, each object
    `[class, xmin, ymin, xmax, ymax, ...]` normalised to [0, 1]. Extra keyword arguments go to
    `CreateDetAugmenter` when `aug_list` is None.
    """

    def __init__(self, batch_size, data_shape, path_imgrec=None, path_imglist=None, path_root=None,
                 path_imgidx=None, shuffle=False, part_index=0, num_parts=1, aug_list=None, imglist=None,
                 data_name="data", label_name="label", last_batch_handle="pad", **kwargs):
        super().__init__(batch_size=batch_size, data_shape=data_shape, path_imgrec=path_imgrec,
                         path_imglist=path_imglist, path_root=path_root, path_imgidx=path_imgidx, shuffle=shuffle,
                         part_index=part_index, num_parts=num_parts, aug_list=[], imglist=imglist,
                         data_name=data_name, label_name=label_name, last_batch_handle=last_batch_handle)
        self.auglist = CreateDetAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        label_shape = self._estimate_label_shape()
        self.provide_label = [(label_name, (self.batch_size, label_shape[0], label_shape[1]))]
        self.label_shape = label_shape

    def _check_valid_label(self, label):
        """RuntimeError unless the (N, 5+) label holds at least one valid object."""
        if len(label.shape) != 2 or label.shape[1] < 5:
            raise RuntimeError("Label with shape (1+, 5+) required, %s received." % str(label))
        ok = (label[:, 0] >= 0) & (label[:, 3] > label[:, 1]) & (label[:, 4] > label[:, 2])
        if np.where(ok)[0].size < 1:
            raise RuntimeError("Invalid label occurs.")

    def _estimate_label_shape(self):
        """(max objects over the dataset, object width), by one pass over the labels."""
        max_count = 0
        label = None
        self.reset()
        try:
            while True:
                label, _ = self.next_sample()
                label = self._parse_label(label)
                max_count = max(max_count, label.shape[0])
        except StopIteration:
            pass
        self.reset()
        if label is None:  # MXNet fails here too (on an unbound local)
            raise RuntimeError("ImageDetIter: no samples to estimate the label shape from")
        return (max_count, label.shape[1])

    def _parse_label(self, label):
        """Raw flat label -> (num_valid_objects, object_width) numpy array."""
        if isinstance(label, NDArray):
            label = label.asnumpy()
        raw = np.asarray(label).ravel()
        if raw.size < 7:
            raise RuntimeError("Label shape is invalid: " + str(raw.shape))
        header_width, obj_width = int(raw[0]), int(raw[1])
        if (raw.size - header_width) % obj_width != 0:
            raise RuntimeError("Label shape %s inconsistent with annotation width %d." % (str(raw.shape), obj_width))
        out = np.reshape(raw[header_width:], (-1, obj_width))
        valid = np.where((out[:, 3] > out[:, 1]) & (out[:, 4] > out[:, 2]))[0]
        if valid.size < 1:
            raise RuntimeError("Encounter sample with no valid label.")
        return out[valid, :]

    def reshape(self, data_shape=None, label_shape=None):
        """Change the data (C, H, W) and/or label (max_objects, object_width) shapes of later batches."""
        if data_shape is not None:
            self.check_data_shape(data_shape)
            self.provide_data = [(self.provide_data[0][0], (self.batch_size,) + data_shape)]
            self.data_shape = data_shape
        if label_shape is not None:
            self.check_label_shape(label_shape)
            self.provide_label = [(self.provide_label[0][0], (self.batch_size,) + label_shape)]
            self.label_shape = label_shape

    def _batchify(self, batch_data, batch_label, start=0):
        """Fill rows `start:` of the batch; samples whose image or label is invalid are skipped."""
        i = start
        try:
            while i < self.batch_size:
                label, s = self.next_sample()
                data = self.imdecode(s)
                try:
                    self.check_valid_image([data])
                    label = self._parse_label(label)
                    data, label = self.augmentation_transform(data, label)
                    self._check_valid_label(label)
                except RuntimeError as e:
                    logging.debug("Invalid image, skipping:  %s", str(e))
                    continue
                assert i < self.batch_size, "Batch size must be multiples of augmenter output length"
                batch_data[i] = self.postprocess_data(data)
                num_object = label.shape[0]
                row = np.full(batch_label.shape[1:], -1, dtype=np.float32)
                row[0:num_object] = label
                batch_label[i] = nd.array(row)
                i += 1
        except StopIteration:
            if not i:
                raise StopIteration from None
        return i

    def _new_batch_label(self):
        """A label buffer for one batch, every row padded with -1."""
        batch_label = nd.empty(self.provide_label[0][1])
        batch_label[:] = -1
        return batch_label

    def augmentation_transform(self, data, label):  # pylint: disable=arguments-differ
        """Apply the detection augmenters in order."""
        for aug in self.auglist:
            data, label = aug(data, label)
        return (data, label)

    def check_label_shape(self, label_shape):
        """ValueError unless `label_shape` is 2-d, not fewer objects, and of the same object width."""
        if not len(label_shape) == 2:
            raise ValueError("label_shape should have length 2")
        if label_shape[0] < self.label_shape[0]:
            raise ValueError("Attempts to reduce label count from %d to %d, not allowed."
                             % (self.label_shape[0], label_shape[0]))
        if label_shape[1] != self.provide_label[0][1][2]:
            raise ValueError("label_shape object width inconsistent: %d vs %d."
                             % (self.provide_label[0][1][2], label_shape[1]))

    def draw_next(self, color=None, thickness=2, mean=None, std=None, clip=True, waitKey=None,
                  window_name="draw_next", id2labels=None):
        """Generator of augmented BGR uint8 images with boxes drawn (needs OpenCV; without it, warn and stop)."""
        try:
            import cv2  # noqa: F401 - optional, as in MXNet
        except ImportError as e:
            warnings.warn("Unable to import cv2, skip drawing: %s", str(e))
            return
        yield from _draw(self, cv2, color, thickness, mean, std, clip, waitKey, window_name, id2labels)

    def sync_label_shape(self, it, verbose=False):
        """Give this iterator and `it` the same (larger) label shape; returns `it`."""
        assert isinstance(it, ImageDetIter), "Synchronize with invalid iterator."
        mine, theirs = self.label_shape, it.label_shape
        assert mine[1] == theirs[1], "object width mismatch."
        max_count = max(mine[0], theirs[0])
        if max_count > mine[0]:
            self.reshape(None, (max_count, mine[1]))
        if max_count > theirs[0]:
            it.reshape(None, (max_count, theirs[1]))
        if verbose and max_count > min(mine[0], theirs[0]):
            logging.info("Resized label_shape to (%d, %d).", max_count, mine[1])
        return it


def _draw(it, cv2, color, thickness, mean, std, clip, wait_key, window_name, id2labels):
    """Body of ImageDetIter.draw_next once OpenCV is available."""
    count = 0
    try:
        while True:
            label, s = it.next_sample()
            data = it.imdecode(s)
            try:
                it.check_valid_image([data])
                label = it._parse_label(label)
            except RuntimeError as e:
                logging.debug("Invalid image, skipping:  %s", str(e))
                continue
            count += 1
            data, label = it.augmentation_transform(data, label)
            image = data.asnumpy()
            if std is True:
                std = np.array([58.395, 57.12, 57.375])
            elif std is not None:
                assert isinstance(std, np.ndarray) and std.shape[0] in [1, 3]
            if std is not None:
                image *= std
            if mean is True:
                mean = np.array([123.68, 116.28, 103.53])
            elif mean is not None:
                assert isinstance(mean, np.ndarray) and mean.shape[0] in [1, 3]
            if mean is not None:
                image += mean
            image[:, :, (0, 1, 2)] = image[:, :, (2, 1, 0)]
            if clip:
                image = np.maximum(0, np.minimum(255, image))
            if color:
                color = color[::-1]
            image = image.astype(np.uint8)
            height, width, _ = image.shape
            for k in range(label.shape[0]):
                x1 = int(label[k, 1] * width)
                if x1 < 0:
                    continue
                y1, x2, y2 = int(label[k, 2] * height), int(label[k, 3] * width), int(label[k, 4] * height)
                box_color = np.random.rand(3) * 255 if not color else color
                cv2.rectangle(image, (x1, y1), (x2, y2), box_color, thickness)
                if id2labels is not None and int(label[k, 0]) in id2labels:
                    text = "{:s}".format(id2labels[int(label[k, 0])])
                    font = cv2.FONT_HERSHEY_SIMPLEX
                    text_h = cv2.getTextSize(text, font, 0.5, 2)[0][1]
                    cv2.putText(image, text, (x1 + 5, y1 + text_h + 5), font, 0.5, (255, 255, 255), 2)
            if wait_key is not None:
                cv2.imshow(window_name, image)
                cv2.waitKey(wait_key)
            yield image
    except StopIteration:
        return
