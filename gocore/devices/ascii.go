package devices

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gonest/gonest/gocore/nesterr"
	"github.com/gonest/gonest/gocore/node"
)

// asciiOut writes a recorder's events to a text file, as NEST's ascii
// recording backend does: two comment lines, a tab-separated header
// (sender, time_ms, one column per recorded quantity), then one line per
// event with times and values in fixed notation with precision digits.
// With time_in_steps the header has time_step and time_offset instead of
// time_ms, and a line has the stamp in steps (an integer) and the offset
// in ms.
type asciiOut struct {
	f    *os.File
	w    *bufio.Writer
	name string
	buf  []byte
}

// asciiFileName is NEST's file name: data_path/data_prefix + label (or the
// model name) + "-" + node id + "-" + virtual process + ".dat", the numbers
// zero-padded to the digits of the node count and of the process count.
func asciiFileName(io *node.IOConfig, label, model string, id, vp int, ext string) string {
	if label == "" {
		label = model
	}
	digits := func(n int) int { return int(math.Floor(math.Log10(float64(max(n, 1))))) + 1 }
	name := fmt.Sprintf("%s%s-%0*d-%0*d.%s", io.DataPrefix, label, digits(io.NumNodes), id, digits(io.NumVPs), vp, ext)
	if io.DataPath != "" {
		return filepath.Join(io.DataPath, name)
	}
	return name
}

// open creates the file and writes its header, for times in steps if
// inSteps. An existing file is an IOError unless overwrite_files is set.
func (o *asciiOut) open(name string, overwrite, inSteps bool, columns []string) error {
	if !overwrite {
		if _, err := os.Stat(name); err == nil {
			return nesterr.New(nesterr.ErrIOError,
				"The file '%s' already exists and overwriting files is disabled. To overwrite files, set the kernel property overwrite_files to true. To change the name or location of the file, change the kernel properties data_path or data_prefix, or the device property label.", name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nesterr.New(nesterr.ErrIOError, "Cannot check the file '%s': %v", name, err)
		}
	}
	f, err := os.Create(name)
	if err != nil {
		return nesterr.New(nesterr.ErrIOError, "I/O error while opening file '%s': %v", name, err)
	}
	o.f, o.w, o.name = f, bufio.NewWriterSize(f, 1<<16), name
	timeHead := "time_ms"
	if inSteps {
		timeHead = "time_step\ttime_offset"
	}
	fmt.Fprintf(o.w, "# NEST version: 3.10.0\n# RecordingBackendASCII version: 2 (written by gonest)\nsender\t%s", timeHead)
	for _, c := range columns {
		fmt.Fprintf(o.w, "\t%s", c)
	}
	o.w.WriteByte('\n')
	return nil
}

// row writes one event with its time in ms.
func (o *asciiOut) row(sender int64, timeMs float64, values []float64, precision int) {
	b := strconv.AppendInt(o.buf[:0], sender, 10)
	b = append(b, '\t')
	b = strconv.AppendFloat(b, timeMs, 'f', precision, 64)
	o.finish(b, values, precision)
}

// rowSteps writes one event with its stamp in steps and its offset in ms.
func (o *asciiOut) rowSteps(sender, step int64, offset float64, values []float64, precision int) {
	b := strconv.AppendInt(o.buf[:0], sender, 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, step, 10)
	b = append(b, '\t')
	b = strconv.AppendFloat(b, offset, 'f', precision, 64)
	o.finish(b, values, precision)
}

// finish appends the values and the end of the line to b and writes it.
func (o *asciiOut) finish(b []byte, values []float64, precision int) {
	for _, v := range values {
		b = append(b, '\t')
		b = strconv.AppendFloat(b, v, 'f', precision, 64)
	}
	b = append(b, '\n')
	o.w.Write(b)
	o.buf = b
}

func (o *asciiOut) flush() error {
	if o.w == nil {
		return nil
	}
	if err := o.w.Flush(); err != nil {
		return nesterr.New(nesterr.ErrIOError, "I/O error while writing file '%s': %v", o.name, err)
	}
	return nil
}

func (o *asciiOut) close() {
	if o.f != nil {
		o.w.Flush()
		o.f.Close()
	}
	*o = asciiOut{}
}
