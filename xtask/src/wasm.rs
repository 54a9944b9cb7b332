//! Reading and writing the parts of a wasm module that xtask rewrites after Trunk: its
//! sections, the import section's entries and LEB128 numbers (`imports`, `order`).
//!
//! Written by hand, not with `wasmparser`/`wasm-encoder`: xtask has no dependencies (it must
//! build in seconds on a fresh machine), and what is read here has a layout fixed by the
//! core specification; anything this code does not know stops the build instead of being
//! guessed.

use crate::process::Result;

pub const HEADER: &[u8; 8] = b"\0asm\x01\0\0\0";
pub const CUSTOM_SECTION: u8 = 0;
pub const IMPORT_SECTION: u8 = 2;
pub const EXPORT_SECTION: u8 = 7;
pub const CODE_SECTION: u8 = 10;

/// One section of a module: its id and where its header and payload are.
pub struct Section {
    pub id: u8,
    /// Where the section starts (its id byte).
    pub header: usize,
    /// Its payload: `start..end`.
    pub start: usize,
    pub end: usize,
}

/// The sections of `wasm`, in order.
pub fn sections(wasm: &[u8]) -> Result<Vec<Section>> {
    if wasm.get(..8) != Some(HEADER.as_slice()) {
        return Err("not a wasm module (version 1)".into());
    }
    let mut reader = Reader { bytes: wasm, at: 8 };
    let mut sections = Vec::new();
    while reader.at < wasm.len() {
        let header = reader.at;
        let id = reader.byte()?;
        let size = reader.size()?;
        let start = reader.at;
        let end = start
            .checked_add(size)
            .filter(|end| *end <= wasm.len())
            .ok_or("wasm: a section runs past the end")?;
        reader.at = end;
        sections.push(Section {
            id,
            header,
            start,
            end,
        });
    }
    Ok(sections)
}

/// Appends a section with `id` and `payload` to `out`.
pub fn push_section(out: &mut Vec<u8>, id: u8, payload: &[u8]) {
    out.push(id);
    leb128(out, payload.len());
    out.extend_from_slice(payload);
}

/// Appends `text` with its length before it, as the binary format writes names.
pub fn push_name(out: &mut Vec<u8>, text: &str) {
    leb128(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// Appends `value` as an unsigned LEB128 number.
pub fn leb128(out: &mut Vec<u8>, value: usize) {
    let mut value = value;
    loop {
        let byte = u8::try_from(value & 0x7f).unwrap_or_default();
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// One import: its module, its name and the bytes of what it imports (kind and type).
pub struct Import {
    pub module: String,
    pub name: String,
    pub descriptor: Vec<u8>,
}

impl Import {
    pub fn is_function(&self) -> bool {
        self.descriptor.first() == Some(&0x00)
    }
}

/// The entries of an import section.
pub fn parse_imports(section: &[u8]) -> Result<Vec<Import>> {
    let mut reader = Reader::new(section);
    let count = reader.size()?;
    let mut imports = Vec::with_capacity(count);
    for _ in 0..count {
        let module = reader.name()?;
        let name = reader.name()?;
        let descriptor = reader.at;
        match reader.byte()? {
            // A function (its type's index) or a tag (an attribute byte, then the index).
            0x00 => {
                reader.leb128()?;
            }
            0x04 => {
                reader.byte()?;
                reader.leb128()?;
            }
            // A table: its element type and limits.
            0x01 => {
                reader.value_type()?;
                reader.limits()?;
            }
            0x02 => reader.limits()?,
            // A global: its type and whether it is mutable.
            0x03 => {
                reader.value_type()?;
                reader.byte()?;
            }
            kind => return Err(format!("import {module}.{name}: unknown kind {kind:#x}")),
        }
        imports.push(Import {
            module,
            name,
            descriptor: section[descriptor..reader.at].to_vec(),
        });
    }
    reader.expect_end("import")?;
    Ok(imports)
}

/// The function bodies of a code section (each without its size, locals first).
pub fn parse_code(section: &[u8]) -> Result<Vec<&[u8]>> {
    let mut reader = Reader::new(section);
    let count = reader.size()?;
    let mut bodies = Vec::with_capacity(count);
    for _ in 0..count {
        let size = reader.size()?;
        bodies.push(reader.bytes(size)?);
    }
    reader.expect_end("code")?;
    Ok(bodies)
}

/// A byte reader over a wasm module or one of its sections.
pub struct Reader<'a> {
    pub bytes: &'a [u8],
    pub at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    pub fn byte(&mut self) -> Result<u8> {
        let byte = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| format!("wasm ends early (at byte {})", self.at))?;
        self.at += 1;
        Ok(byte)
    }

    /// The next `length` bytes.
    pub fn bytes(&mut self, length: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(length)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| format!("wasm: {length} bytes run past the end at {}", self.at))?;
        let bytes = &self.bytes[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    /// An unsigned LEB128 number (u32 or u64; also steps over a signed one).
    pub fn leb128(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let byte = self.byte()?;
            if shift < 64 {
                value |= u64::from(byte & 0x7f) << shift;
            }
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(format!("wasm: a number too long at byte {}", self.at))
    }

    pub fn size(&mut self) -> Result<usize> {
        usize::try_from(self.leb128()?).map_err(|_| "wasm: a size too large".to_owned())
    }

    pub fn name(&mut self) -> Result<String> {
        let length = self.size()?;
        let at = self.at;
        let bytes = self.bytes(length)?;
        let name = std::str::from_utf8(bytes)
            .map_err(|_| format!("wasm: a name that is not UTF-8 at {at}"))?;
        Ok(name.to_owned())
    }

    /// A value type: one byte, or a reference type with its heap type (`0x63`/`0x64`).
    pub fn value_type(&mut self) -> Result<()> {
        if matches!(self.byte()?, 0x63 | 0x64) {
            self.leb128()?;
        }
        Ok(())
    }

    /// Limits: flags, the minimum and, when flag bit 0 says so, the maximum.
    pub fn limits(&mut self) -> Result<()> {
        let flags = self.byte()?;
        self.leb128()?;
        if flags & 1 == 1 {
            self.leb128()?;
        }
        Ok(())
    }

    /// Fails unless everything was read.
    pub fn expect_end(&self, section: &str) -> Result {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(format!(
                "wasm: the {section} section has bytes after its entries"
            ))
        }
    }
}
